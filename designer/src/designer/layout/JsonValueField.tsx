import type { FieldProps } from '@rjsf/utils';
import { Form, Input } from 'antd';
import { useState } from 'react';

/** A JSON field (`json` type: any value) edited as JSON text; registered as the rjsf field `json`. */
export function JsonValueField(props: FieldProps) {
  const [text, setText] = useState(() => (props.formData === undefined ? '' : JSON.stringify(props.formData, null, 2)));
  const [invalid, setInvalid] = useState(false);
  const title = (props.schema.title as string | undefined) ?? props.name;
  return (
    <Form.Item label={title} validateStatus={invalid ? 'error' : undefined} help={(props.schema.description as string | undefined) ?? undefined}>
      <Input.TextArea
        rows={3}
        value={text}
        disabled={props.disabled || props.readonly}
        aria-label={title}
        style={{ fontFamily: 'monospace' }}
        onChange={(event) => {
          setText(event.target.value);
          if (event.target.value.trim() === '') {
            setInvalid(false);
            props.onChange(undefined, props.fieldPathId.path);
            return;
          }
          try {
            props.onChange(JSON.parse(event.target.value), props.fieldPathId.path);
            setInvalid(false);
          } catch {
            setInvalid(true);
          }
        }}
      />
    </Form.Item>
  );
}
