// The Housing Ombudsman's contact details, stated in every letter that restricts contact (§28).
// Fixed by the Ombudsman, not by the organisation, so they are not a setting.
export const HOUSING_OMBUDSMAN = {
  name: 'Housing Ombudsman Service',
  addressLines: ['PO Box 1484', 'Unit D', 'Preston', 'PR2 0ET'],
  telephone: '0300 111 3000',
  email: 'info@housing-ombudsman.org.uk',
  website: 'www.housing-ombudsman.org.uk',
} as const;
