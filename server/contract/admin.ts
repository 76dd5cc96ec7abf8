/** A connected wall or desk as /admin lists it (GET /api/v1/admin/walls). */
export interface PresenceSocket {
  /** The node holding the connection. */
  node: string
  id: string
  who: 'screen' | 'ingest' | 'desk'
  /** The screen token's label, or the person's name. */
  label: string
  /** The credentials' region, and the stream it follows (null before it subscribes). */
  regionCode: string
  stream: string | null
  address: string
  connectedAt: string
  /** When its stream last had a frame sent (null: nothing yet). */
  lastFrameAt: string | null
  /** Sent and not yet read by it (a stalled browser grows this until it is cut off). */
  unsentBytes: number
}
