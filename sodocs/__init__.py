"""Generator for the Danish SuperOffice CRM onboarding site: DocFX-flavoured Markdown for MkDocs."""

__version__ = "0.1.0"
