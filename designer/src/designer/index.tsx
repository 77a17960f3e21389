import { DesignerFrame } from './DesignerFrame.tsx';
import { DesignerBaseProvider } from './support/designer-context.tsx';
import { useMountBase } from './support/mount-base.ts';
import { ShellBridge } from './support/shell-bridge.tsx';

/**
 * The admin designer: objects and fields, layouts, pipelines, validation rules, permissions and
 * the metadata jobs, as nested routes under wherever the shell mounts it (`/designer/*`). The
 * shell loads this module lazily, so the workspace's bundle never includes the designer.
 */
export function DesignerRoutes() {
  const base = useMountBase();
  return (
    <ShellBridge>
      <DesignerBaseProvider base={base}>
        <DesignerFrame />
      </DesignerBaseProvider>
    </ShellBridge>
  );
}

export default DesignerRoutes;

export { layoutToUiSchema } from './layout/layout-ui-schema.ts';
