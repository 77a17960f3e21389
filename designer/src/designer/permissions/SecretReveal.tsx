import { CheckOutlined, CopyOutlined } from '@ant-design/icons';
import { Alert, Button, Input, Space } from 'antd';
import { useState } from 'react';
import { useT } from '../support/i18n.tsx';

/** A secret shown once (a new API key, a temporary password), with a button that copies it. */
export function SecretReveal({ secret, warning, label }: { secret: string; warning: string; label: string }) {
  const { t } = useT();
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Space orientation="vertical" style={{ width: '100%' }} data-testid="secret-reveal">
      <Alert type="warning" showIcon title={warning} />
      <Space.Compact style={{ width: '100%' }}>
        <Input readOnly value={secret} aria-label={label} style={{ fontFamily: 'monospace' }} onFocus={(e) => e.target.select()} />
        <Button icon={copied ? <CheckOutlined /> : <CopyOutlined />} onClick={() => void copy()}>
          {copied ? t('perm.copied') : t('perm.copy')}
        </Button>
      </Space.Compact>
    </Space>
  );
}

/** A random temporary password (16 characters from 96 random bits), for a new user or a reset. */
export function temporaryPassword(): string {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_');
}
