"""One reader per file format. Each returns (text, hints) and raises only CorpusError.

`ingest.loaders.load_file` picks the reader by suffix and applies the checks shared by
all formats (size limit, empty file).
"""

# Cells of one table row share a line, separated by a full-width bar. Not a tab or space:
# a row whose first cell is a bare 序号 ("1\t...") would read as a numbered item "1 ...".
CELL_SEPARATOR = "｜"
