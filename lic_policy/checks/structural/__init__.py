"""The structural reviewers' rule functions, one module per reviewer (see
``lic_policy.checks.structure``, which re-exports them under the paths the rule packs name)."""
