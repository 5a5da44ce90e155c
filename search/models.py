# No models: the SQLite index is a virtual table made by articles' migration 0006 (search.index).
# The module exists because Django sends post_migrate only to apps that have one, and SearchConfig
# rebuilds the index after every migrate and test flush.
