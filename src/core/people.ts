// People: identity resolution (people/people-index.ts), the merged person (people/person.ts) and the
// suppression lists (people/suppression.ts). This module is the public face the rest of the code imports.

export { PeopleIndex, personAt, type PeopleOptions, type PersonGroups, type PersonWithRecords } from './people/people-index.js'
export { emailKey, mergeOrder, personId, recordKeys, type Person } from './people/person.js'
export { SuppressionList } from './people/suppression.js'
export { RecordStore, type PackedRecords, type SharedStore, type StoredRecord } from './people/record-store.js'
