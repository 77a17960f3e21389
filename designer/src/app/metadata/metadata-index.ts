import type { FieldDef, LayoutDef, MetadataBundle, ObjectDef, PipelineDef, ValidationRuleDef } from '@atrium/metadata';

/** Read-only lookups over one metadata bundle. */
export class MetadataIndex {
  readonly objects: ObjectDef[];
  private readonly byApiName = new Map<string, ObjectDef>();
  private readonly byId = new Map<string, ObjectDef>();

  constructor(readonly bundle: MetadataBundle) {
    this.objects = bundle.objects.filter((o) => o.state !== 'deleted');
    for (const object of this.objects) {
      this.byApiName.set(object.apiName, object);
      this.byId.set(object.id, object);
    }
  }

  object(apiNameOrId: string): ObjectDef | undefined {
    return this.byApiName.get(apiNameOrId) ?? this.byId.get(apiNameOrId);
  }

  /** The object's live fields (set-aside ones left out). */
  fields(object: ObjectDef): FieldDef[] {
    return object.fields.filter((f) => f.state !== 'deleted');
  }

  field(object: ObjectDef, apiName: string): FieldDef | undefined {
    return object.fields.find((f) => f.apiName === apiName && f.state !== 'deleted');
  }

  /** The default layout of an object (the one marked default, else the first). */
  layout(object: ObjectDef): LayoutDef | undefined {
    const layouts = this.bundle.layouts.filter((l) => l.object === object.id);
    return layouts.find((l) => l.isDefault) ?? layouts[0];
  }

  pipelines(object: ObjectDef): PipelineDef[] {
    const pipelines = this.bundle.pipelines.filter((p) => p.object === object.id);
    return [...pipelines].sort((a, b) => Number(b.isDefault === true) - Number(a.isDefault === true));
  }

  validationRules(object: ObjectDef): ValidationRuleDef[] {
    return this.bundle.validationRules.filter((r) => r.object === object.id && r.active !== false);
  }

  /** The object a relation field points at. */
  target(field: FieldDef): ObjectDef | undefined {
    return field.config?.target ? this.byId.get(field.config.target) : undefined;
  }
}
