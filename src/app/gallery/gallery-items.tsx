import { useState, type KeyboardEvent } from 'react'
import type { GalleryOp } from '../../ui/gallery/gallery-actions'
import type { WorldsItem } from '../../ui/panels/worlds-page'

/**
 * One object URL per thumbnail Blob, made once and kept: the gallery keeps a picture's Blob while
 * it is unchanged, so these stay few (a few KB each). Not revoked in an effect cleanup: StrictMode
 * runs cleanups of live components, which left <img> pointing at a revoked URL.
 */
const urls = new WeakMap<Blob, string>()
function blobUrl(blob: Blob | null): string | null {
  if (!blob) return null
  let url = urls.get(blob)
  if (!url) {
    url = URL.createObjectURL(blob)
    urls.set(blob, url)
  }
  return url
}

function RenameField({
  name,
  commit,
  cancel,
}: {
  name: string
  commit: (n: string) => void
  cancel: () => void
}) {
  const [text, setText] = useState(name)
  const onKey = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') commit(text)
    else if (e.key === 'Escape') {
      // Esc leaves the field, not the whole menu.
      e.stopPropagation()
      cancel()
    }
  }
  return (
    <span className="ww-gallery-rename">
      <input
        type="text"
        aria-label="World name"
        data-testid="gallery-rename"
        value={text}
        maxLength={120}
        autoFocus
        onChange={(e) => setText(e.target.value)}
        onKeyDown={onKey}
        onClick={(e) => e.stopPropagation()}
      />
      <button type="button" onClick={() => commit(text)}>
        Save
      </button>
    </span>
  )
}

function WorldRow({
  item,
  run,
}: {
  item: Extract<WorldsItem, { kind: 'world' }>
  run: (op: GalleryOp) => void
}) {
  const url = blobUrl(item.thumbnail)
  return (
    <li
      className="ww-gallery-world"
      data-testid="gallery-world"
      data-world-id={item.id}
      aria-selected={item.selected}
      aria-current={item.current ? 'true' : undefined}
      onClick={() => run(item.select)}
      onDoubleClick={() => run(item.open)}
    >
      {url ? (
        <img className="ww-gallery-thumb" src={url} alt={`Picture of ${item.name}`} />
      ) : (
        <span className="ww-gallery-thumb ww-gallery-nothumb">no picture yet</span>
      )}
      <span className="ww-gallery-text">
        {item.renaming ? (
          <RenameField
            name={item.name}
            commit={(name) => run({ op: 'commitRename', id: item.id, name })}
            cancel={() => run({ op: 'cancelRename' })}
          />
        ) : (
          <strong className="ww-gallery-name" title={item.name}>
            {item.name}
          </strong>
        )}
        <small className="ww-gallery-detail">{item.detail}</small>
      </span>
      {item.current && <span className="ww-gallery-badge">open now</span>}
    </li>
  )
}

/**
 * The Worlds page's items as HTML (the desktop menu); the headset draws the same items into its
 * canvas panel. Rows are a list; the first row-kind item opens it, so consecutive rows share one.
 */
export function GalleryItems({ items, run }: { items: readonly WorldsItem[]; run: (op: GalleryOp) => void }) {
  const rows = items.filter((i) => i.kind === 'world')
  return (
    <div className="ww-gallery" data-testid="gallery">
      {items.map((item) => {
        switch (item.kind) {
          case 'storage':
            return (
              <div key="storage" className="ww-gallery-storage">
                <span data-testid="gallery-usage">{item.text}</span>
                <button
                  type="button"
                  data-testid="gallery-persist"
                  disabled={!item.persist.enabled}
                  onClick={() => run(item.persist.op)}
                >
                  {item.persist.label}
                </button>
                {item.answer && (
                  <span className="ww-gallery-answer" data-testid="gallery-persist-answer">
                    {item.answer}
                  </span>
                )}
              </div>
            )
          case 'world':
            // Rows render together inside the list below.
            return item === rows[0] ? (
              <ul key="worlds" className="ww-gallery-list" aria-label="Saved worlds">
                {rows.map((r) => (
                  <WorldRow key={r.id} item={r} run={run} />
                ))}
              </ul>
            ) : null
          case 'bar':
            return (
              <div key="bar" className="ww-gallery-bar" role="toolbar" aria-label="World actions">
                {item.question && <span className="ww-gallery-question">{item.question}</span>}
                {item.buttons.map((b) => (
                  <button
                    key={b.label}
                    type="button"
                    className={b.danger ? 'ww-danger' : undefined}
                    disabled={!b.enabled}
                    onClick={() => run(b.op)}
                  >
                    {b.label}
                  </button>
                ))}
              </div>
            )
          case 'footer':
            return (
              <div key="footer" className="ww-gallery-footer">
                <span data-testid="gallery-status" role="status">
                  {item.text}
                </span>
                {item.page && (
                  <span className="ww-gallery-pager">
                    <button
                      type="button"
                      aria-label="Previous page"
                      disabled={!item.page.canPrev}
                      onClick={() => run(item.page!.prev)}
                    >
                      ◀
                    </button>
                    <output>{item.page.text}</output>
                    <button
                      type="button"
                      aria-label="Next page"
                      disabled={!item.page.canNext}
                      onClick={() => run(item.page!.next)}
                    >
                      ▶
                    </button>
                  </span>
                )}
              </div>
            )
        }
      })}
    </div>
  )
}
