// What Huawei Cloud calls each region that offers SDRS, in the user's language, beside its code in the region prompts.
import * as vscode from 'vscode';
import type { SdrsRegion } from '../sdrs/endpoint';

export function regionName(region: SdrsRegion): string {
  switch (region) {
    case 'cn-north-4':
      return vscode.l10n.t('CN North-Beijing4');
    case 'cn-east-2':
      return vscode.l10n.t('CN East-Shanghai2');
    case 'cn-east-3':
      return vscode.l10n.t('CN East-Shanghai1');
    case 'cn-south-1':
      return vscode.l10n.t('CN South-Guangzhou');
    case 'ap-southeast-2':
      return vscode.l10n.t('AP-Bangkok');
    case 'ap-southeast-3':
      return vscode.l10n.t('AP-Singapore');
    case 'af-south-1':
      return vscode.l10n.t('AF-Johannesburg');
    case 'sa-brazil-1':
      return vscode.l10n.t('LA-Sao Paulo1');
    case 'la-north-2':
      return vscode.l10n.t('LA-Mexico City2');
    case 'la-south-2':
      return vscode.l10n.t('LA-Santiago');
    case 'tr-west-1':
      return vscode.l10n.t('TR-Istanbul');
  }
}
