import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';
import { DocumentEntity } from './document.entity';

@Entity('portions')
@Index('portions_document_seq_key', ['documentId', 'seq'], { unique: true })
export class PortionEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid')
  documentId!: string;

  @ManyToOne(() => DocumentEntity)
  @JoinColumn({ name: 'document_id', foreignKeyConstraintName: 'portions_document_id_fkey' })
  document?: DocumentEntity;

  @Column('integer')
  seq!: number;

  @Column('text')
  classification!: string;

  @Column('text')
  text!: string;
}
