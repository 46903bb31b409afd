// The kinds of SDRS ID the editor recognises in files. Free of vscode.

/** What an ID in a file can stand for. */
export const ID_KINDS = ['drill', 'protectionGroup', 'drillServer', 'protectedInstance', 'drillVpc'] as const;
export type IdKind = (typeof ID_KINDS)[number];
