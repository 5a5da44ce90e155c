"""The newsroom: roles (Writer, Editor, Moderator) that grant permissions across shows, articles and
comments. It sits above the apps whose permissions it hands out; none of them imports it."""
