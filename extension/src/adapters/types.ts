/**
 * A portal adapter is data, not code: where the results table is, how a row (or a block)
 * maps to one student's school year, where the record PDF or data is, and how a signed file
 * goes back. IT can add or fix a portal through managed configuration (`adapters`), in the
 * same shape, without a new release.
 */

/** One row per student, one column (or column pair) per subject: found by header text. */
export interface ColumnsLayout {
  kind: 'columns';
  /** CSS selector of the results table. Omit to find it by its Vietnamese headers. */
  table?: string;
  /** Rows of students inside the table. */
  row: string;
  /** Attribute of the row holding the student's id (else the "Mã HS" column). */
  studentIdAttribute?: string;
  /** Sub-header text of a subject's level and score columns. */
  levelHeader: string;
  scoreHeader: string;
  /** Where a subject's comment is: an attribute of its level cell (e.g. `title`). */
  commentAttribute?: string;
}

/** One block per student with subjects as rows (several tables in the block). */
export interface BlocksLayout {
  kind: 'blocks';
  /** The container of the blocks for the end-of-year view; the adapter reads nothing else. */
  container: string;
  block: string;
  studentIdAttribute: string;
  studentName: string;
  subjectRow: string;
  /** Attribute of a subject row with its code, or the label cell to look it up. */
  subjectCodeAttribute?: string;
  cells: { level: string; score: string; comment: string };
  qualityRow: string;
  qualityCodeAttribute: string;
  qualityCells: { level: string; comment: string };
  rating: string;
}

/**
 * One row per file, not per pupil: a vendor's book of submitted PDFs (eDoc's "Sổ ký duyệt":
 * file, submitter, status, paged), or the files a screen attaches (VnEdu's transfer screen).
 * Many records reach the portals only as PDFs, with no grades on the page to check.
 */
export interface FilesLayout {
  kind: 'files';
  /** The table of files. */
  table: string;
  /** Rows of files inside it. */
  row: string;
  /** The link to the file (its `href` is fetched with the user's session). */
  fileLink: string;
  /** Attribute of the row with the portal's id for the file (else the link's file name). */
  fileIdAttribute?: string;
  /** Header texts of the columns read, matched whole (case and spacing ignored). */
  headers: { label?: string; submitter?: string; target?: string; status?: string };
  /** The status inside its cell (e.g. a badge beside a note), when the cell holds more. */
  statusElement?: string;
  /** Status texts: only `signable` files are offered for signing (all files without a status column). */
  statuses?: { signable: string[]; signed?: string[]; refused?: string[] };
  /** The "next page" link: followed (same origin, bounded) to gather every file of the book. */
  nextPage?: string;
  /** The "first page" link: opened on a later page, the reading starts there. */
  firstPage?: string;
  /** What the extension offers on these files: sign them (batch), or verify each one. */
  action: 'sign' | 'verify';
}

export interface PortalAdapter {
  id: string;
  /** Shown to the user: "Cổng A (demo)", "VnEdu". */
  name: string;
  /** URL patterns (`*` wildcards) of the pages this adapter reads. */
  matches: string[];
  layout: ColumnsLayout | BlocksLayout | FilesLayout;
  /**
   * What says "this is the page I read" besides the table (a selector, and text it must
   * contain). When it is there but the layout finds nothing, the toolbar says so instead of
   * guessing or staying silent.
   */
  page?: { selector: string; text?: string };
  /** Page-level context: attributes of an element that carry school year, grade, class. */
  context?: { element: string; schoolYear?: string; grade?: string; className?: string };
  /**
   * Page-level context shown as text (selected option of a select, or an element's text):
   * selectors. "Khối 5" gives grade 5. Used where `context` attributes are absent.
   */
  contextText?: { schoolYear?: string; grade?: string; className?: string };
  /** Where the whole record is, per student (a selector inside the row/block, its href). */
  record?: { kind: 'pdf-link' | 'json-link'; selector: string };
  /**
   * Where the page names the logged-in user ("Trần Văn Minh (Hiệu trưởng)"): a hint for the
   * role in the sign window, shown there as the portal's words, never a permission.
   */
  login?: string;
  /**
   * How a signed PDF goes back (`{docId}`, or `{studentId}` in older adapters, is replaced by
   * the row's id); without it the user downloads the files.
   */
  upload?: { url: string; method: 'POST' | 'PUT' };
}
