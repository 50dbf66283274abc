// --format: the data file's format when its extension does not say (.parquet, .arrow, … are known).
import { Option } from 'commander';

export function formatOption(): Option {
  return new Option(
    '--format <format>',
    'the data file format (default: from the extension — .parquet/.pq, .arrow/.feather/.arrows/.ipc — else CSV)',
  ).choices(['csv', 'parquet', 'arrow']);
}
