# URLs per page of a sitemap section (Google accepts 50,000; smaller pages render in milliseconds
# and are cached apart). /sitemap.xml is the index that lists every section's pages.
SECTION_LIMIT = 1000
