"""The eval suite (``coach eval``): dataset → solver → scorer, as in inspect_ai."""
