import { ObjectHeader, WithObject } from '../object-route.tsx';
import { ListView } from './list-view.tsx';

/** `/app/:object`: the object's list. */
export function ListPage() {
  return (
    <WithObject>
      {(object) => (
        <>
          <ObjectHeader object={object} view="list" />
          <ListView key={object.apiName} object={object} />
        </>
      )}
    </WithObject>
  );
}
