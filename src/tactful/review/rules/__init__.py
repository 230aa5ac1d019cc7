"""One module per PLAYBOOK §4 rule; ``tactful.review.registry`` discovers them."""
