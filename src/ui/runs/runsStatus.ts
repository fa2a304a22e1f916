/** What the Compare runs dialog last tells the user (an import, an export, a clear). */
export interface RunsStatus {
  readonly text: string;
  readonly error: boolean;
}

/** How a part of the dialog reports what it did. */
export type ReportStatus = (status: RunsStatus) => void;
