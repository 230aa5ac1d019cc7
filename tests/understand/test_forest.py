"""The item decision's trees, walked as flat arrays, give scikit-learn's own probabilities."""

import numpy as np

from tactful.understand.classifier import _Forest


def test_flat_forest_matches_scikit_learn_with_missing_values():
    from sklearn.ensemble import HistGradientBoostingClassifier

    rng = np.random.default_rng(0)
    X = rng.normal(size=(3000, 20))
    y = (X[:, 0] + X[:, 1] * X[:, 2] + rng.normal(size=3000) > 0).astype(int)
    X[rng.random(X.shape) < 0.05] = np.nan
    model = HistGradientBoostingClassifier(max_iter=200, random_state=0).fit(X, y)
    forest = _Forest.of(model)
    rows = rng.normal(size=(25, 20))
    rows[rng.random(rows.shape) < 0.05] = np.nan
    assert forest.depth > 5      # deep and shallow trees mixed: the walk stops each where it ends
    assert np.allclose(forest.probability(rows), model.predict_proba(rows)[:, 1], atol=1e-12)
