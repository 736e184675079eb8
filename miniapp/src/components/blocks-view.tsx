import { Text, View } from '@tarojs/components';
import type { Block } from '@sanwu/shared';

/** A disclosure body: paragraphs, headings, lists and tables, rendered natively on both platforms. */
export function BlocksView({ blocks }: { blocks: readonly Block[] }) {
  return (
    <View className="body">
      {blocks.map((block, i) => {
        switch (block.type) {
          case 'paragraph':
            return (
              <Text key={i} className="paragraph">
                {block.text}
              </Text>
            );
          case 'heading':
            return (
              <Text key={i} className={`heading h${block.level}`}>
                {block.text}
              </Text>
            );
          case 'list':
            return (
              <View key={i} className="list-block">
                {block.items.map((item, j) => (
                  <Text key={j} className="kv">
                    {block.ordered ? `${j + 1}. ` : '• '}
                    {item}
                  </Text>
                ))}
              </View>
            );
          case 'table':
            return (
              <View key={i} className="table">
                {block.caption ? <Text className="section-title">{block.caption}</Text> : null}
                <View className="tr th">
                  {block.columns.map((c) => (
                    <Text key={c.key} className="td">
                      {c.label}
                    </Text>
                  ))}
                </View>
                {block.rows.map((row, r) => (
                  <View key={r} className="tr">
                    {row.map((cell, c) => (
                      <Text key={c} className="td">
                        {cell}
                      </Text>
                    ))}
                  </View>
                ))}
              </View>
            );
        }
      })}
    </View>
  );
}
