/** Types for server.mjs (the demo portals). */
export interface DemoClass {
  id: string;
  name: string;
  grade: number;
  schoolYear: string;
  homeroomTeacher: string;
  records: import('@hocba/shared/record').HocBaRecord[];
  defects: import('@hocba/shared/generator').PlantedDefect[];
}

export interface DemoStore {
  state: {
    classes: DemoClass[];
    signed: Record<string, { at: string; signers: { name: string | null; role: string | null }[] }>;
  };
  classById(id: string): DemoClass;
  reset(): void;
  signedPdf(recordId: string): Uint8Array | undefined;
}

export interface EdocFile {
  id: string;
  bookId: string;
  recordId: string;
  className: string;
  fileName: string;
  submitter: string;
  steps: { role: 'gvcn' | 'principal'; name: string; status: string; at: string | null }[];
}

/** The eDoc replica (edoc.mjs). */
export interface EdocReplica {
  store: {
    state: { files: EdocFile[] };
    reset(): void;
    storedPdf(id: string): Uint8Array | null;
  };
  /** Signs once, as the teachers would have, the submissions the seed marks signed by GVCN. */
  prepareSubmissions(
    signAsGvcn: (files: { id: string; pdf: Uint8Array }[]) => Promise<Map<string, Uint8Array>>,
  ): Promise<void>;
}

/** The VnEdu replica (vnedu.mjs). */
export interface VneduReplica {
  store: {
    state: {
      classes: (Omit<DemoClass, 'homeroomTeacher' | 'schoolYear'> & { teacher: string })[];
      transfers: { id: string; record: import('@hocba/shared/record').HocBaRecord; status: string }[];
    };
    reset(): void;
    attach(transferId: string, pdf: Uint8Array): void;
  };
}

export function startDemoPortals(options: {
  dataDir: string;
  portA?: number;
  portB?: number;
  portEdoc?: number;
  portVnedu?: number;
  /** Pupils per class in the VnEdu replica (default 30). */
  vneduSize?: number;
  seed?: number;
  size?: number;
  /** Share of students with a planted defect (default 0.2). */
  defectRate?: number;
  trustAnchors?: string[];
}): Promise<{
  urlA: string;
  urlB: string;
  urlEdoc: string;
  urlVnedu: string;
  storeA: DemoStore;
  storeB: DemoStore;
  edoc: EdocReplica;
  vnedu: VneduReplica;
  close(): Promise<unknown>;
}>;

/** DejaVu Sans (regular, bold), as the portals render records with it. */
export function fonts(): { regular: Uint8Array; bold: Uint8Array };
