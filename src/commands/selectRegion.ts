// `sdrsDrills.selectRegion`: quick pick of the regions that offer SDRS; writes `sdrs.region`.
import * as vscode from 'vscode';
import { pick } from '../ui/prompts';
import { regionName } from '../ui/regionNames';
import { readSettings, updateSetting } from '../config/settings';
import { regionEndpoint, SDRS_REGIONS } from '../sdrs/endpoint';
import { COMMANDS } from './commandIds';
import { say, showError } from '../ui/say';

export function registerSelectRegionCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(COMMANDS.selectRegion, async (region?: string) => {
    if (typeof region !== 'string') {
      const current = readSettings().region;
      const picked = await pick(
        SDRS_REGIONS.map((r) => ({ label: r, description: regionName(r), detail: regionEndpoint(r), picked: r === current })),
        { title: vscode.l10n.t('Select SDRS region'), placeHolder: current || undefined },
      );
      if (!picked) return;
      region = picked.label;
    }
    if (!(SDRS_REGIONS as readonly string[]).includes(region)) {
      void showError(say('SDRS is not offered in region "{0}".', region));
      return;
    }
    await updateSetting('region', region);
  });
}
