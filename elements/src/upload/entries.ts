/**
 * Files of a drop, folders walked: `DataTransferItem.webkitGetAsEntry()` gives file and directory
 * entries (called synchronously in the drop handler: the items die after it returns), directory
 * readers answer in batches until an empty one. Without entries (old browsers), the flat file list.
 */
export interface PickedFile {
  /** Path relative to what was dropped or picked (a dropped folder keeps its name as first segment). */
  path: string;
  file: File;
}

/** The part of FileSystemEntry this module uses (tests give look-alikes). */
export interface EntryLike {
  isFile: boolean;
  isDirectory: boolean;
  name: string;
  fullPath: string;
  file?(success: (file: File) => void, failure?: (error: unknown) => void): void;
  createReader?(): { readEntries(success: (entries: EntryLike[]) => void, failure?: (error: unknown) => void): void };
}

/** Takes the entries out of a drop; must run before the handler's first await. */
export function entriesOf(data: DataTransfer): { entries: EntryLike[]; files: File[] } {
  const entries: EntryLike[] = [];
  for (const item of Array.from(data.items ?? [])) {
    if (item.kind !== 'file') continue;
    const entry = (item as DataTransferItem & { webkitGetAsEntry?: () => EntryLike | null }).webkitGetAsEntry?.();
    if (entry) entries.push(entry);
  }
  return { entries, files: Array.from(data.files ?? []) };
}

export async function walkEntries(entries: EntryLike[]): Promise<PickedFile[]> {
  const out: PickedFile[] = [];
  const visit = async (entry: EntryLike): Promise<void> => {
    const path = entry.fullPath.replace(/^\/+/, '') || entry.name;
    if (entry.isFile && entry.file) {
      out.push({ path, file: await new Promise<File>((resolve, reject) => entry.file!(resolve, reject)) });
    } else if (entry.isDirectory && entry.createReader) {
      const reader = entry.createReader();
      for (;;) {
        const batch = await new Promise<EntryLike[]>((resolve, reject) => reader.readEntries(resolve, reject));
        if (!batch.length) break;
        for (const child of batch) await visit(child);
      }
    }
  };
  for (const entry of entries) await visit(entry);
  return out;
}

/** Files from an `<input type=file>` (with `webkitdirectory`, `webkitRelativePath` holds the folder path). */
export function pickedFiles(list: FileList | null): PickedFile[] {
  return Array.from(list ?? []).map((file) => ({ path: file.webkitRelativePath || file.name, file }));
}
