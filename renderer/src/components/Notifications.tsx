/**
 * Moved to renderer/src/ui/Notifications.tsx. This re-export keeps modules that still import the
 * old path compiling until they move into their feature folders (the lead removes it at merge).
 */
export { NotificationsProvider, useNotify, type Notifier } from '../ui/Notifications';
