import { ObjectHeader, WithObject } from '../object-route.tsx';
import { KanbanBoard } from './kanban-board.tsx';

/** `/app/:object/kanban`: the object's records by pipeline stage. */
export default function KanbanPage() {
  return (
    <WithObject>
      {(object) => (
        <>
          <ObjectHeader object={object} view="kanban" />
          <KanbanBoard key={object.apiName} object={object} />
        </>
      )}
    </WithObject>
  );
}
