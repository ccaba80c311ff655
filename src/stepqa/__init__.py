"""stepqa: document-grounded question answering with verifiable citations."""

from stepqa.config import Settings
from stepqa.errors import StepqaError

__version__ = "0.1.0"

__all__ = ["Settings", "StepqaError", "__version__"]
