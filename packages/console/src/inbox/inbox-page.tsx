/** The inbox: the conversation list and, when one is picked, its thread. */
import { useI18n } from '../i18n/i18n';
import { ConversationList } from './conversation-list';
import { useConversation } from './queries';
import { Thread } from './thread';

function Picked({ customer }: { customer: string }) {
  const conversation = useConversation(customer);
  return <Thread customer={customer} conversation={conversation} />;
}

/** The inbox route (`/` or `/inbox/{customer}`). */
export function InboxPage({ customer }: { customer: string | null }) {
  const { t } = useI18n();
  return (
    <main class="inbox">
      <ConversationList current={customer} />
      {customer === null ? <p class="pick">{t('inbox.pick')}</p> : <Picked customer={customer} />}
    </main>
  );
}
