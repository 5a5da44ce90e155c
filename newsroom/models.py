# No models: the roles are auth groups. The module exists because Django sends post_migrate only to
# apps that have one, and NewsroomConfig puts the roles right after every migrate and test flush.
