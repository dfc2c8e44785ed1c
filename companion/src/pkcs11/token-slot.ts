/** A token as a slot shows it, and how a request names one (by serial, else label). */
export interface TokenRef {
  serial?: string;
  label?: string;
}

export interface TokenSlot {
  slot: Buffer;
  label: string;
  serial: string;
  manufacturer: string;
  model: string;
  slotDescription: string;
  flags: number;
}
