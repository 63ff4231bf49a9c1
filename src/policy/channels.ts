// Contact channels an incident can arrive through (§6: "any contact channel").
export const CONTACT_CHANNELS = [
  { id: 'telephone', label: 'Telephone' },
  { id: 'voicemail', label: 'Voicemail' },
  { id: 'email', label: 'E-mail' },
  { id: 'letter', label: 'Letter' },
  { id: 'face_to_face', label: 'Face to face' },
  { id: 'web_or_app', label: 'Web or app' },
  { id: 'social_media', label: 'Social media' },
] as const;

export type ContactChannelId = (typeof CONTACT_CHANNELS)[number]['id'];

export const CONTACT_CHANNEL_IDS = CONTACT_CHANNELS.map((c) => c.id) as [ContactChannelId, ...ContactChannelId[]];
