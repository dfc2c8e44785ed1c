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

export function startDemoPortals(options: {
  dataDir: string;
  portA?: number;
  portB?: number;
  seed?: number;
  size?: number;
  /** Share of students with a planted defect (default 0.2). */
  defectRate?: number;
  trustAnchors?: string[];
}): Promise<{ urlA: string; urlB: string; storeA: DemoStore; storeB: DemoStore; close(): Promise<unknown> }>;

/** DejaVu Sans (regular, bold), as the portals render records with it. */
export function fonts(): { regular: Uint8Array; bold: Uint8Array };
