-- 0021_search_bytes: search terms are bytes, as the bbolt ledger keys
-- them. A name's word start of N bytes (ledger.SearchTerms) may cut a
-- letter of several bytes in two ("josé"[:4]), which TEXT refuses as
-- invalid UTF-8: a top up for such a customer could not be recorded.

ALTER TABLE txn_search ALTER COLUMN term TYPE BYTEA USING convert_to(term, 'UTF8');
