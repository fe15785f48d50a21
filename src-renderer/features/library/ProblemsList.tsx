import { Pager } from '../../components/Pager.js';
import { StatusBadge } from '../../components/StatusBadge.js';
import { selectProblemsPage } from '../../store/selectors.js';
import { useAppActions, useAppStore } from '../../store/useAppStore.js';
import { parentFolder } from '../../util/format.js';

export function ProblemsList() {
  const page = useAppStore(selectProblemsPage);
  const { loadProblems } = useAppActions();
  if (!page) return <p className="empty">Loading problems…</p>;
  if (page.total === 0) {
    return (
      <div className="empty">
        <p className="empty__title">No problems</p>
        <p className="muted">Files that cannot be read, or only in part, are listed here with the reason.</p>
      </div>
    );
  }
  return (
    <>
      <table className="problems">
        <caption className="visually-hidden">Files with problems</caption>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Status</th>
            <th scope="col">Problem</th>
          </tr>
        </thead>
        <tbody>
          {page.items.map((photo) => (
            <tr key={photo.id}>
              <td className="problems__file">
                <span className="problems__name">{photo.name}</span>
                <span className="problems__folder" title={photo.path}>
                  {parentFolder(photo.path)}
                </span>
              </td>
              <td>
                <StatusBadge status={photo.status} />
              </td>
              <td className="problems__message">
                {photo.problem?.message ?? 'No details recorded'}
                {photo.problem && <code className="problems__code">{photo.problem.code}</code>}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <Pager page={page} noun="problems" onPage={(offset) => void loadProblems(offset)} />
    </>
  );
}
