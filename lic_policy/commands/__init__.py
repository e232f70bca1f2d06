"""One module per CLI command; each is a few lines over a library function."""
