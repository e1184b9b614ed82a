-- Convenience views over the seven tables, shipped in the SQLite database and in the DuckDB
-- script of the Parquet release. One definition, valid in both SQLite (3.25+) and DuckDB:
-- no ordered aggregates, no booleans (flags are 0/1), no dialect-specific functions.
-- The comment lines just above each CREATE VIEW are its description (Datasette shows them).

-- Who met whom, when and where: one row per pair of people who took part in the same
-- meeting (person_a_id < person_b_id), with the meeting's dates, kind and place, each
-- person's name, country, and the post and body they took part as, and the articles that
-- report the meeting (article_ids, space-separated, in id order). A visit (a meeting that
-- other meetings are part of) adds a pair only when the pair does not also meet in one of
-- the visit's own meetings: a delegation leader and their host are one contact, not two.
CREATE VIEW contacts AS
WITH RECURSIVE
  attendance AS (
    SELECT
      mp.meeting_id,
      mp.person_id,
      p.name,
      p.country,
      r.title,
      r.organisation_id,
      o.name AS organisation_name
    FROM meeting_participants AS mp
    JOIN people AS p ON p.person_id = mp.person_id
    LEFT JOIN roles AS r ON r.role_id = mp.role_id
    LEFT JOIN organisations AS o ON o.organisation_id = r.organisation_id
  ),
  reports AS (
    SELECT
      meeting_id,
      article_id,
      row_number() OVER (PARTITION BY meeting_id ORDER BY article_id) AS n
    FROM (SELECT DISTINCT meeting_id, article_id FROM mentions WHERE meeting_id IS NOT NULL)
      AS reported
  ),
  report_lists (meeting_id, n, article_ids) AS (
    SELECT meeting_id, n, article_id FROM reports WHERE n = 1
    UNION ALL
    SELECT l.meeting_id, r.n, l.article_ids || ' ' || r.article_id
    FROM report_lists AS l
    JOIN reports AS r ON r.meeting_id = l.meeting_id AND r.n = l.n + 1
  ),
  sources AS (
    SELECT l.meeting_id, l.article_ids
    FROM report_lists AS l
    WHERE l.n = (SELECT max(r.n) FROM reports AS r WHERE r.meeting_id = l.meeting_id)
  )
SELECT
  m.meeting_id,
  m.start_date,
  m.end_date,
  m.kind,
  m.name AS meeting_name,
  m.location,
  m.country,
  m.parent_id,
  a.person_id AS person_a_id,
  a.name AS person_a_name,
  a.country AS person_a_country,
  a.title AS person_a_title,
  a.organisation_id AS person_a_organisation_id,
  a.organisation_name AS person_a_organisation,
  b.person_id AS person_b_id,
  b.name AS person_b_name,
  b.country AS person_b_country,
  b.title AS person_b_title,
  b.organisation_id AS person_b_organisation_id,
  b.organisation_name AS person_b_organisation,
  s.article_ids
FROM attendance AS a
JOIN attendance AS b ON b.meeting_id = a.meeting_id AND a.person_id < b.person_id
JOIN meetings AS m ON m.meeting_id = a.meeting_id
LEFT JOIN sources AS s ON s.meeting_id = m.meeting_id
WHERE NOT EXISTS (
  SELECT 1
  FROM meetings AS part
  JOIN meeting_participants AS pa ON pa.meeting_id = part.meeting_id
  JOIN meeting_participants AS pb ON pb.meeting_id = part.meeting_id
  WHERE part.parent_id = m.meeting_id
    AND pa.person_id = a.person_id
    AND pb.person_id = b.person_id
)
ORDER BY m.start_date, m.meeting_id, a.person_id, b.person_id;

-- Who took part in each meeting: one row per meeting and participant, with the meeting's
-- dates, kind and place, the participant's name and country, and the post and body they
-- took part as. is_visit is 1 for a visit (a delegation's trip as a whole); parent_id names
-- the visit a meeting was part of.
CREATE VIEW meeting_attendance AS
SELECT
  m.meeting_id,
  m.start_date,
  m.end_date,
  m.kind,
  CASE WHEN m.kind = 'visit' THEN 1 ELSE 0 END AS is_visit,
  m.name AS meeting_name,
  m.location,
  m.country,
  m.parent_id,
  mp.person_id,
  p.name AS person_name,
  p.country AS person_country,
  mp.role_id,
  r.title,
  r.organisation_id,
  o.name AS organisation_name
FROM meeting_participants AS mp
JOIN meetings AS m ON m.meeting_id = mp.meeting_id
JOIN people AS p ON p.person_id = mp.person_id
LEFT JOIN roles AS r ON r.role_id = mp.role_id
LEFT JOIN organisations AS o ON o.organisation_id = r.organisation_id
ORDER BY m.start_date, m.meeting_id, mp.person_id;

-- Who held which post: one row per role, with the person's name and country, the title, the
-- body (name, kind, country) and the first and last publication dates that attest it.
CREATE VIEW posts AS
SELECT
  r.role_id,
  r.person_id,
  p.name AS person_name,
  p.country AS person_country,
  r.title,
  r.organisation_id,
  o.name AS organisation_name,
  o.kind AS organisation_kind,
  o.country AS organisation_country,
  r.first_seen,
  r.last_seen
FROM roles AS r
JOIN people AS p ON p.person_id = r.person_id
LEFT JOIN organisations AS o ON o.organisation_id = r.organisation_id
ORDER BY p.name, r.first_seen, r.role_id;

-- Every spelling of a person or body seen in the articles: one row per entity and surface
-- form from mentions, with the canonical name, how many spans use that form and in how many
-- articles. entity_type is 'person' or 'organisation'.
CREATE VIEW aliases AS
SELECT
  'person' AS entity_type,
  x.person_id AS entity_id,
  p.name,
  x.text AS alias,
  count(*) AS mentions,
  count(DISTINCT x.article_id) AS articles
FROM mentions AS x
JOIN people AS p ON p.person_id = x.person_id
GROUP BY x.person_id, p.name, x.text
UNION ALL
SELECT
  'organisation' AS entity_type,
  x.organisation_id AS entity_id,
  o.name,
  x.text AS alias,
  count(*) AS mentions,
  count(DISTINCT x.article_id) AS articles
FROM mentions AS x
JOIN organisations AS o ON o.organisation_id = x.organisation_id
GROUP BY x.organisation_id, o.name, x.text
ORDER BY entity_type, entity_id, alias;
