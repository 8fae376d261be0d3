"""One module per `coach` command; each is a thin layer over the library."""
