"""Every error stepqa raises for a person to read: what went wrong and what to do.

    StepqaError
    ├── ConfigError          a setting is invalid or a model/path it names is missing
    ├── DocumentError        a file could not be read or parsed
    │   ├── UnsupportedFormatError
    │   └── DocumentNotFoundError   no indexed document has that id
    ├── IndexStoreError      the vector store is unreachable, corrupt or from other settings
    ├── QuestionError        the question is empty, too long or a filter matches nothing
    ├── BackendError         an answer backend failed or is not installed
    └── EvalError            an eval set or baseline file is malformed

The CLI maps each family to its own exit code; the UI shows `str(error)`.
"""

from __future__ import annotations


class StepqaError(Exception):
    """Base class. ``hint`` says what the user can do about it."""

    exit_code = 1

    def __init__(self, message: str, hint: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} ({self.hint})" if self.hint else self.message


class ConfigError(StepqaError):
    exit_code = 2


class DocumentError(StepqaError):
    exit_code = 3


class UnsupportedFormatError(DocumentError):
    pass


class DocumentNotFoundError(DocumentError):
    pass


class IndexStoreError(StepqaError):
    exit_code = 4


class QuestionError(StepqaError):
    exit_code = 2


class BackendError(StepqaError):
    exit_code = 5


class EvalError(StepqaError):
    exit_code = 6
