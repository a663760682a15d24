/**
 * The gift-links line on /account: how many links the reader can still make this month, shown to
 * a reader who may make them. The composition root (src/services.ts) adds it to the account page.
 */
import type { ComponentChild } from 'preact';
import type { GiftGiver, GiftLinkService } from './gift-link-service.js';
import { GiftLinksPanel } from './views/gift-link-pages.js';

export function giftLinksAccountPanel(
  giftLinks: Pick<GiftLinkService, 'mayGive' | 'remainingThisMonth' | 'policy'>,
): (reader: GiftGiver) => Promise<ComponentChild> {
  return async (reader) => {
    if (!(await giftLinks.mayGive(reader))) return null;
    return <GiftLinksPanel remaining={await giftLinks.remainingThisMonth(reader.id, giftLinks.policy())} />;
  };
}
