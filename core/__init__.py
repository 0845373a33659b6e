"""The shared kernel every app builds on: errors of a workflow step and its predicates, the
API's and the pages' base classes, filterset bases, text and file validation, the audit
trail, the request middleware. It imports no app of the project; apps import it."""
