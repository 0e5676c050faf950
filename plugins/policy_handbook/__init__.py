"""Social media policy handbook: policies as YAML in, a staff handbook and posting calendar out."""
