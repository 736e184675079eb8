import { Button, Text, View } from '@tarojs/components';

/** Loading, error-with-retry and empty states in plain Chinese; renders nothing when there is content. */
export function StatusView(props: {
  loading: boolean;
  error: string | null;
  empty?: boolean;
  emptyText?: string;
  onRetry: () => void;
}) {
  if (props.error) {
    return (
      <View className="status status-error" role="alert">
        <Text className="status-text">{props.error}</Text>
        <Button className="btn btn-primary" onClick={props.onRetry}>
          重新加载
        </Button>
      </View>
    );
  }
  if (props.loading) {
    return (
      <View className="status">
        <Text className="status-text">正在加载…</Text>
      </View>
    );
  }
  if (props.empty) {
    return (
      <View className="status">
        <Text className="status-text">{props.emptyText ?? '暂无内容'}</Text>
      </View>
    );
  }
  return null;
}
