"""The review console: the `/ws/creator` protocol and a review page, onto the same Prefect flows.

Reviewers and scripts drive a run over one WebSocket; the console turns Prefect pauses into
`completed` messages and decisions into validated run inputs, so the Prefect UI and the console
can review the same run.
"""
