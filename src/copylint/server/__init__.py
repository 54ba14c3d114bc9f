"""`copylint server`: a Language Server Protocol server (pygls) over stdio.

Only `lsp.py` imports pygls; the other modules are plain Python over copylint's library, so
they are tested directly and `copylint check` never pays for the server's imports.
"""
