import { HolderOutlined } from '@ant-design/icons';
import { closestCenter, DndContext, type DragEndEvent, KeyboardSensor, PointerSensor, useSensor, useSensors } from '@dnd-kit/core';
import {
  arrayMove,
  horizontalListSortingStrategy,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from '@dnd-kit/sortable';
import { CSS } from '@dnd-kit/utilities';
import type { CSSProperties, ReactNode } from 'react';

/** Drag-and-drop sorting of one list (@dnd-kit), by pointer or keyboard (space, arrows, space). */
export function SortableList<T>({
  items,
  idOf,
  onReorder,
  direction = 'vertical',
  children,
}: {
  items: T[];
  idOf: (item: T) => string;
  onReorder: (items: T[]) => void;
  direction?: 'vertical' | 'horizontal';
  children: ReactNode;
}) {
  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 4 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );
  const ids = items.map(idOf);
  const onDragEnd = (event: DragEndEvent) => {
    const { active, over } = event;
    if (!over || active.id === over.id) return;
    const from = ids.indexOf(String(active.id));
    const to = ids.indexOf(String(over.id));
    if (from < 0 || to < 0) return;
    onReorder(arrayMove(items, from, to));
  };
  return (
    <DndContext sensors={sensors} collisionDetection={closestCenter} onDragEnd={onDragEnd}>
      <SortableContext items={ids} strategy={direction === 'vertical' ? verticalListSortingStrategy : horizontalListSortingStrategy}>
        {children}
      </SortableContext>
    </DndContext>
  );
}

/** One sortable item; `handle` receives the drag handle to place. */
export function SortableItem({
  id,
  children,
  style,
  handleLabel,
}: {
  id: string;
  children: (handle: ReactNode) => ReactNode;
  style?: CSSProperties;
  handleLabel: string;
}) {
  const { attributes, listeners, setNodeRef, setActivatorNodeRef, transform, transition, isDragging } = useSortable({ id });
  const handle = (
    <button
      type="button"
      ref={setActivatorNodeRef}
      {...attributes}
      {...listeners}
      aria-label={handleLabel}
      style={{ cursor: 'grab', padding: '0 4px', color: '#8c8c8c', touchAction: 'none', border: 0, background: 'none' }}
    >
      <HolderOutlined />
    </button>
  );
  return (
    <div
      ref={setNodeRef}
      style={{
        ...style,
        transform: CSS.Transform.toString(transform),
        transition,
        opacity: isDragging ? 0.6 : 1,
        position: 'relative',
        zIndex: isDragging ? 2 : undefined,
      }}
    >
      {children(handle)}
    </div>
  );
}

/** Moves an item one place up or down (the keyboard-free alternative to dragging). */
export function moveBy<T>(items: T[], index: number, delta: number): T[] {
  const to = index + delta;
  if (to < 0 || to >= items.length) return items;
  return arrayMove(items, index, to);
}
