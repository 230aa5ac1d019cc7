"""Tests of tactful.compose (a package, so its module names never clash with other stages' tests)."""
