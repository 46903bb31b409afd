// Every command the extension registers, by one name each. package.json declares the same set; the manifest test
// checks both ways. Free of vscode, so that test runs under plain mocha.

export const COMMANDS = {
  addConnection: 'sdrsDrills.addConnection',
  renameConnection: 'sdrsDrills.renameConnection',
  removeConnection: 'sdrsDrills.removeConnection',
  refresh: 'sdrsDrills.refresh',
  filter: 'sdrsDrills.filter',
  clearFilter: 'sdrsDrills.clearFilter',
  copyDrillId: 'sdrsDrills.copyDrillId',
  copyDrillVpcId: 'sdrsDrills.copyDrillVpcId',
  copyProtectionGroupId: 'sdrsDrills.copyProtectionGroupId',
  copyDrillServerId: 'sdrsDrills.copyDrillServerId',
  copyProtectedInstanceId: 'sdrsDrills.copyProtectedInstanceId',
  copyAsJson: 'sdrsDrills.copyAsJson',
  insertId: 'sdrsDrills.insertId',
  showDrillDetails: 'sdrsDrills.showDrillDetails',
  createDrill: 'sdrsDrills.createDrill',
  renameDrill: 'sdrsDrills.renameDrill',
  deleteDrill: 'sdrsDrills.deleteDrill',
  dismissFailedTask: 'sdrsDrills.dismissFailedTask',
  setCredentials: 'sdrsDrills.setCredentials',
  useIamToken: 'sdrsDrills.useIamToken',
  clearCredentials: 'sdrsDrills.clearCredentials',
  selectRegion: 'sdrsDrills.selectRegion',
  setProjectId: 'sdrsDrills.setProjectId',
  showLog: 'sdrsDrills.showLog',
  revealId: 'sdrsDrills.revealId',
  copyId: 'sdrsDrills.copyId',
  chooseListedId: 'sdrsDrills.chooseListedId',
} as const;

export type CommandId = (typeof COMMANDS)[keyof typeof COMMANDS];
