"""Link checking of the built site, reported at the Markdown source line."""
