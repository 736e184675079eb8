import { Picker, Text, View } from '@tarojs/components';
import type { MeDto } from '@sanwu/shared';

type Scope = MeDto['scopes'][number];

/** Which of the user's orgs a workbench shows; hidden when there is only one. */
export function OrgPicker({
  scopes,
  value,
  onChange,
}: {
  scopes: Scope[];
  value: number;
  onChange: (i: number) => void;
}) {
  if (scopes.length <= 1) return null;
  return (
    <Picker
      mode="selector"
      range={scopes.map((s) => s.orgName)}
      value={value}
      onChange={(e) => onChange(Number(e.detail.value))}
    >
      <View className="picker">
        <Text>单位：{scopes[value]?.orgName}（点击切换）</Text>
      </View>
    </Picker>
  );
}
