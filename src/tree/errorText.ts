// Localized wording for SdrsErrors: a short line for nodes and notifications, and a tooltip with code and request ID.
import * as vscode from 'vscode';
import { isSdrsError, type SdrsError } from '../sdrs/errors';

function statusText(status: number): string | undefined {
  switch (status) {
    case 400:
      return vscode.l10n.t('SDRS rejected the request as invalid');
    case 401:
      return vscode.l10n.t('Authentication failed: check the AK/SK or IAM token');
    case 403:
      return vscode.l10n.t('Access denied: the credentials lack permission for SDRS in this project');
    case 404:
      return vscode.l10n.t('Not found: check the region, project ID and resource ID');
    case 405:
      return vscode.l10n.t('The endpoint does not allow this method');
    case 406:
      return vscode.l10n.t('SDRS cannot produce the requested response format');
    case 407:
      return vscode.l10n.t('A proxy between you and SDRS requires authentication');
    case 408:
      return vscode.l10n.t('SDRS timed out waiting for the request');
    case 409:
      return vscode.l10n.t('The request conflicts with the current state of the resource');
    case 429:
      return vscode.l10n.t('Too many requests: SDRS is throttling this account, try again shortly');
    case 500:
      return vscode.l10n.t('SDRS had an internal error');
    case 501:
      return vscode.l10n.t('SDRS does not implement this request');
    case 502:
      return vscode.l10n.t('Bad gateway: SDRS or a proxy in between is unreachable');
    case 503:
      return vscode.l10n.t('SDRS is temporarily unavailable');
    case 504:
      return vscode.l10n.t('Gateway timeout: SDRS did not answer in time');
    default:
      return undefined;
  }
}

/** One short line, in the display language where we have the wording, else the client's English. */
export function errorSummary(e: SdrsError): string {
  switch (e.kind) {
    case 'http':
      return (e.status !== undefined && statusText(e.status)) || e.message;
    case 'timeout':
      return vscode.l10n.t('SDRS did not answer in time');
    case 'aborted':
      return vscode.l10n.t('The request was cancelled');
    case 'network':
      return e.errno === 'ECONNREFUSED'
        ? vscode.l10n.t('Connection refused: nothing is listening at the SDRS endpoint')
        : e.errno === 'ENOTFOUND'
          ? vscode.l10n.t('The SDRS endpoint host name could not be resolved (DNS)')
          : vscode.l10n.t('Could not reach SDRS: {0}', e.message);
    case 'response':
      return vscode.l10n.t('SDRS sent a response the extension cannot read');
    case 'config':
      if (e.field === 'endpoint') {
        return vscode.l10n.t(
          'The custom endpoint (sdrs.endpoint) must be an https:// URL without user name, query or fragment; http:// is allowed only for loopback',
        );
      }
      return e.message;
    default:
      return e.message;
  }
}

/** `SDRS.0201, HTTP 400, request ID …` (with the network error code, when there was no answer); '' when none is known. */
export function errorTags(e: SdrsError): string {
  return [e.code, e.status !== undefined ? `HTTP ${e.status}` : e.errno, e.requestId ? vscode.l10n.t('request ID {0}', e.requestId) : undefined]
    .filter(Boolean)
    .join(', ');
}

/** `summary (SDRS.0201, HTTP 400, request ID …)` for notifications and logs. */
export function errorLine(e: SdrsError): string {
  const tags = errorTags(e);
  return tags ? `${errorSummary(e)} (${tags})` : errorSummary(e);
}

/** Tooltip with everything support needs; server text is escaped, never trusted. */
export function errorTooltip(e: SdrsError): vscode.MarkdownString {
  const md = new vscode.MarkdownString();
  md.appendMarkdown('**');
  md.appendText(errorSummary(e));
  md.appendMarkdown('**\n\n');
  const row = (label: string, value: string | number | undefined): void => {
    if (value === undefined || value === '') return;
    md.appendText(`${label}: ${value}`);
    md.appendMarkdown('  \n');
  };
  row(vscode.l10n.t('Error code'), e.code);
  row(vscode.l10n.t('HTTP status'), e.status);
  row(vscode.l10n.t('Request ID'), e.requestId);
  row(vscode.l10n.t('Network error'), e.errno);
  // The client's own (English) wording, when the summary above is a translation or a generalization of it.
  if (errorSummary(e) !== e.message) row(vscode.l10n.t('Detail'), e.message);
  if (e.serverMessage) {
    md.appendMarkdown('\n');
    md.appendText(e.serverMessage);
  }
  md.appendMarkdown('\n\n');
  md.appendText(vscode.l10n.t('Click to retry.'));
  return md;
}

/** Any failure as one line for a notification: an SdrsError with its code and request ID, anything else by its message. */
export function failureLine(e: unknown): string {
  return isSdrsError(e) ? errorLine(e) : e instanceof Error ? e.message : String(e);
}
