"""A static HTML report of the package: an overview, a timeline and a network of meetings,
a page per person, organisation, meeting and article, and searchable tables. One folder
that opens from disk, with no request leaving the machine."""
